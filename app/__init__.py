"""Archwise: decision support for serving and running AI workloads."""

__version__ = "0.1.0"
APP_NAME = "Archwise"
