"""The JavaScript/TypeScript engine: tree-sitter parsing and taint tracking."""
