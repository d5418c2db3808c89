/** What the user asked for, after the CLI has parsed and validated its flags. */
export interface DeployRequest {
  cluster: string;
  /** The service to deploy; without it, only a new revision of `taskDefinition` is registered. */
  service?: string;
  /** A family, `family:revision` or ARN to base the new revision on instead of the service's. */
  taskDefinition?: string;
  /** `-i`: images replacing every container image of the same repository. */
  images: string[];
  /** `-l`: images for single named containers. */
  containerImages: { container: string; image: string }[];
  /** `--tag`: a new tag for every container image. */
  tag?: string;
  forceNewDeployment: boolean;
  desiredCount?: number;
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  /** One deadline for the whole wait, in milliseconds. */
  timeoutMs: number;
  wait: boolean;
  dryRun: boolean;
  /**
   * Deploy exactly this registered revision (an ARN) instead of registering a new one, as
   * `rollback` does. Needs `service`; image changes cannot go with it.
   */
  targetTaskDefinitionArn?: string;
}
