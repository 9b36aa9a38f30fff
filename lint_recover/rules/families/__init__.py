"""The rule families, one module each: a family declares its `Rule`s and registers the check
producing them with `@register`. Every module here is loaded by `registry.checks()`, so a new
family is its module and its cases, and nothing else."""
