"""Output formats: one module per format; formatters only format."""
