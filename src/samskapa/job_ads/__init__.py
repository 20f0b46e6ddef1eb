"""Job ads: the demand side of competence supply."""
