// 描述: 这些产业链的延链方向(覆盖表, JSON)
// params: chains=["化学药|基础原料→中间体→原料药→化学制剂"]
UNWIND $chains AS wanted
MATCH (ch:Chain {id: wanted})
RETURN ch.id AS id, ch.extension AS extension
