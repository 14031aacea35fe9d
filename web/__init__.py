"""The policykg web app."""
