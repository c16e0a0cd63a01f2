"""Domain model: enumerations, entity specifications, identity, clocks, validation."""
