"""The knowledge base: documents, chunking, embeddings, the Chroma store, indexing, search."""
