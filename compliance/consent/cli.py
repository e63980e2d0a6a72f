"""Consent commands."""

commands = ()
