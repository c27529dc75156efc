"""Sigma rules evaluated over parsed Events: pySigma reads them, pavedroad compiles them."""
