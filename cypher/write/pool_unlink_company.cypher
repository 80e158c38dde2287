MATCH (c:Company {id: $id})
SET c.name = $name, c.local = false, c.match_reason = NULL, c.match_confidence = NULL
