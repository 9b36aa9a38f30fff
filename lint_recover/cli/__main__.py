import sys

from lint_recover.cli import main

sys.exit(main())
