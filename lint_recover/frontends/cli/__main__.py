import sys

from lint_recover.frontends.cli import main

sys.exit(main())
