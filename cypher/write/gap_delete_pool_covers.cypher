MATCH (:Company)-[v:COVERS]->(:ChainLink)
WHERE v.via = 'pool'
DELETE v
