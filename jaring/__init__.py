"""Jaring: social assistance (bansos) registry, engine and public services."""
