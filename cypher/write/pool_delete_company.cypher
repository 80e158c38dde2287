MATCH (c:Company {id: $id})
DETACH DELETE c
