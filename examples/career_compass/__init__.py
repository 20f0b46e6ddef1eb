"""Karriärkompassen / Career Compass: an example third-party service that reads a person's skills and
education from the Samskapa vault with their consent (OAuth 2.1 authorization code flow with PKCE)."""
