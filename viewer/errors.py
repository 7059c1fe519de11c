"""Errors shared by the command line and the modules it calls."""

from __future__ import annotations


class UsageError(Exception):
    """A bad command-line argument: the CLI prints the message as one line and exits with code 2."""
