"""The register step (functions/register): the published database into the metadata
database, announced on EventBridge, and what it supersedes on staging."""
