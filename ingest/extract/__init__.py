"""Rule-based extraction of industries, companies, parks, departments, chains, targets, projects,
technologies and products from Chinese policy documents.

The rules are small functions over regular expressions whose vocabulary lives in ``ingest/patterns/*.json``;
``ingest.extract.nlp`` wires them into a blank spaCy ``zh`` pipeline (jieba segmenter) as registered
components, in the order declared in ``PIPELINE``. Use ``ingest.pipeline.extract_text`` / ``extract_file``.
"""
