"""Education offerings (learning opportunities): the supply side, modelled on the European Learning Model."""
