"""Secrets detection: a catalogue of detectors as data, a one-pass prefilter, verification."""
