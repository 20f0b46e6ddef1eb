"""Full-text search behind an engine-neutral interface (`engine`), with tantivy as the embedded default
(`tantivy_engine`) and a keeper that holds an index in step with the database (`keeper`)."""
