"""Published results: the results document built from the data, its pages,
PDFs and charts."""
