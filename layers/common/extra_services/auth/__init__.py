"""Bearer tokens: RS256 JWTs from the bank's identity provider (channels) and partner IdP."""
