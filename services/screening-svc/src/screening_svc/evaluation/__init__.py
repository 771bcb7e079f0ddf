"""Labelled evaluation set and synthetic lists for tuning and benchmarking the party matcher."""
