MATCH ()-[r]->(c:Company {id: $id})
WHERE r.source IS NULL OR r.source <> 'pool'
DELETE r
