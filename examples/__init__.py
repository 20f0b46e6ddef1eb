"""Example services that use the Samskapa platform as a third party would (not part of the platform)."""
