"""Rules: every provision that binds a society, evaluated against facts (from a profile or a charter)."""
