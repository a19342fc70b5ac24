"""Helpers the test suites share (starting real servers, talking to them)."""
