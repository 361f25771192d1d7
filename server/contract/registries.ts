// The registries Quayside knows: their ids and the names people know them by.

/**
 * Registry ids; `dtr` also covers MSR 2-3, `harbor` also MSR 4, `gitea` also Forgejo. `ecr` and `gar`
 * arrive through a cloud bus (EventBridge API destination, Pub/Sub push).
 */
export type RegistryId =
  | "quay"
  | "dtr"
  | "distribution"
  | "harbor"
  | "dockerhub"
  | "acr"
  | "artifactory"
  | "nexus"
  | "github"
  | "gitea"
  | "gitlab"
  | "zot"
  | "ecr"
  | "gar"
  | "aliyun"
  | "chainguard";
export const REGISTRY_IDS: readonly RegistryId[] = [
  "quay",
  "dtr",
  "distribution",
  "harbor",
  "dockerhub",
  "acr",
  "artifactory",
  "nexus",
  "github",
  "gitea",
  "gitlab",
  "zot",
  "ecr",
  "gar",
  "aliyun",
  "chainguard",
];

export const REGISTRY_LABELS: Record<RegistryId, string> = {
  quay: "Quay",
  dtr: "MSR / DTR",
  distribution: "Distribution",
  harbor: "Harbor",
  dockerhub: "Docker Hub",
  acr: "Azure Container Registry",
  artifactory: "JFrog Artifactory",
  nexus: "Sonatype Nexus",
  github: "GitHub Packages",
  gitea: "Gitea / Forgejo",
  gitlab: "GitLab registry",
  zot: "Zot",
  ecr: "AWS ECR (EventBridge)",
  gar: "Artifact Registry (Pub/Sub)",
  aliyun: "Alibaba Cloud ACR",
  chainguard: "Chainguard Registry",
};
