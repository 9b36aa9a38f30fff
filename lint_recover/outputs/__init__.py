"""What findings become: reports in every format, fixes applied with libcst, baselines and
the rules' documentation."""
