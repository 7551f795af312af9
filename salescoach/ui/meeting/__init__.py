"""Meeting mode: the live discovery interview."""
