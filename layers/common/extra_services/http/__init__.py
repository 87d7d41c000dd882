"""HTTP boundary shared by the API functions: one resolver factory, one error mapping."""
