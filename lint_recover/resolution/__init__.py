"""Resolution: what a name or expression of one module refers to across the project (the
project index of modules, the resolver, class hierarchies, and the values it answers)."""
