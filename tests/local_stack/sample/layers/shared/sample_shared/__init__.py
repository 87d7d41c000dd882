"""The sample's shared layer package (like layers/common/extra_services in the project)."""
