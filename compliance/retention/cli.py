"""Retention commands."""

commands = ()
