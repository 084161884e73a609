"""Thin adapters over the library: the command line (`command`, `cli`), the HTTP
service (`server`) and the settings file both read (`config`)."""
