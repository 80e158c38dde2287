MATCH (c:Company {id: $id})-[r]->()
WHERE r.source IS NULL OR r.source <> 'pool'
DELETE r
