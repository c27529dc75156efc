"""Static analysis of source code (SAST): Python taint tracking and pattern rules."""
