/** The version of ecs-deploy; release scripts check the git tag against it. */
export const VERSION = "0.1.0";
