// The benchmark's peer: @neo4j/graphql 7 with Apollo Server over Provenant's own Neo4j graph (read only).
// Type definitions map our node labels and relationship types (graph-schema/README.md); the nearest equivalent
// of releaseProvenance is a nested selection release → checkpoint → producing run → datasets / base checkpoint
// → …, with @cypher fields for what needs aggregation (labels per rubric version, reviewers).
// Env: NEO4J_URI (bolt://127.0.0.1:7687), PEER_PORT (0 = any); prints "peer ready at <url>" when listening.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";
import { printSchema } from "graphql";

const typeDefs = /* GraphQL */ `
  type Release @node(labels: ["Release", "Artifact"]) {
    ref: String!
    registeredAt: DateTime
    checkpoint: [Checkpoint!]! @relationship(type: "RELEASES", direction: OUT)
    gate: [Gate!]! @relationship(type: "DECIDED_BY", direction: OUT)
  }
  type Gate @node(labels: ["Gate", "Artifact"]) {
    ref: String!
    decision: String
    gatePolicy: String
    evidence: [EvalRun!]! @relationship(type: "READ", direction: OUT)
  }
  type EvalRun @node(labels: ["EvalRun", "Artifact"]) {
    ref: String!
    suiteVersion: String
    datasets: [Dataset!]! @relationship(type: "EVALUATED_ON", direction: OUT)
  }
  type Checkpoint @node(labels: ["Checkpoint", "Artifact"]) {
    ref: String!
    uri: String
    producedBy: [TrainingRun!]! @relationship(type: "PRODUCED_BY", direction: OUT)
  }
  type TrainingRun @node(labels: ["TrainingRun", "Artifact"]) {
    ref: String!
    method: String
    datasets: [Dataset!]! @relationship(type: "USED", direction: OUT)
    baseCheckpoint: [Checkpoint!]! @relationship(type: "STARTED_FROM", direction: OUT)
    rewardModel: [Checkpoint!]! @relationship(type: "REWARD_MODEL", direction: OUT)
  }
  type Dataset @node(labels: ["Dataset", "Artifact"]) {
    ref: String!
    split: String
    memberCount: Int
    members: [Feedback!]! @relationship(type: "HAS_MEMBER", direction: OUT)
    "Labels per rubric version and label value, as 'rubric|label|count'."
    labelsByRubric: [String!]!
      @cypher(
        statement: """
        MATCH (this)-[:HAS_MEMBER]->(l)-[:UNDER_RUBRIC]->(r)
        WITH r.ref + '|' + coalesce(l.label, '') AS k, count(*) AS n
        RETURN k + '|' + toString(n) AS row
        """
        columnName: "row"
      )
    "Reviewers per rubric version with their label counts, as 'rubric|reviewer|count'."
    reviewersByRubric: [String!]!
      @cypher(
        statement: """
        MATCH (this)-[:HAS_MEMBER]->(l)-[:UNDER_RUBRIC]->(r), (l)-[:LABELED_BY|ADJUDICATED_BY]->(v)
        WITH r.ref + '|' + v.ref AS k, count(*) AS n
        RETURN k + '|' + toString(n) AS row
        """
        columnName: "row"
      )
  }
  type Feedback @node(labels: ["Feedback", "Artifact"]) {
    ref: String!
    label: String
    seq: Int
    rubric: [Rubric!]! @relationship(type: "UNDER_RUBRIC", direction: OUT)
    reviewer: [Reviewer!]! @relationship(type: "LABELED_BY", direction: OUT)
  }
  type Rubric @node(labels: ["Rubric", "Artifact"]) {
    ref: String!
    policy: [Policy!]! @relationship(type: "IMPLEMENTS", direction: OUT)
  }
  type Policy @node(labels: ["Policy", "Artifact"]) {
    ref: String!
    title: String
  }
  type Reviewer @node(labels: ["Reviewer", "Artifact"]) {
    ref: String!
    tier: Int
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687", neo4j.auth.basic("neo4j", "neo4j"));
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
if (process.env.PEER_PRINT_SCHEMA) {
  console.log(printSchema(schema));
}
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PEER_PORT ?? 0), host: "127.0.0.1" },
  context: async () => ({ sessionConfig: { defaultAccessMode: "READ" } }),
});
console.log(`peer ready at ${url}`);
const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
