"""The co-creation arena: needs, their lifecycle with status events, clocks, supports, comments, followers."""
