// 描述: 承载各产业的园区
MATCH (p:Park)-[h:HOSTS]->(i:Industry)
RETURN i.id AS industry, p.name AS park, p.specific AS specific, h.sentence AS sentence
ORDER BY industry, park
