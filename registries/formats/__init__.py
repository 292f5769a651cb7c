"""Local formats Django does not ship (FORMAT_MODULE_PATH = ["registries.formats"])."""
