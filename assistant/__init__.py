"""Adoption Advisor: helps managers decide whether and how to adopt pre-trained models."""

__version__ = "0.1.0"
