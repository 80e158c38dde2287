MATCH (:Company)-[r:CANDIDATE_FOR]->(:ChainLink)
DELETE r
