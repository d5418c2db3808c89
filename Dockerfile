# ecs-deploy as a container image: the compiled binary on a small glibc base, as entrypoint.
#   docker build --build-arg VERSION=0.1.0 -t ecs-deploy .
#   docker run --rm -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY ecs-deploy \
#     -c prod -n api -i repo/api:2
# The binary may read the AWS files of the image's user only (/home/nonroot/.aws/...): mount a
# profile there, or pass credentials in the environment (or use the ECS/EKS task role).

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock main.ts ./
COPY src ./src
COPY scripts ./scripts
# Empty, or the version of src/version.ts: a mismatch fails the build instead of mislabelling it.
ARG VERSION=""
RUN test -z "$VERSION" || grep -q "VERSION = \"$VERSION\"" src/version.ts || \
    { echo "VERSION=$VERSION does not match src/version.ts" >&2; exit 1; }
# The same flags as `deno task compile`, with the read paths of the runtime stage's user.
RUN deno run -A scripts/compile.ts --home /home/nonroot --output /out/ecs-deploy

FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION=""
ARG SOURCE=https://github.com/ecs-deploy/ecs-deploy
LABEL org.opencontainers.image.title="ecs-deploy" \
      org.opencontainers.image.description="Deploy to Amazon ECS and tell the truth about whether it worked" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE}"
COPY --from=build /out/ecs-deploy /usr/local/bin/ecs-deploy
USER nonroot
ENTRYPOINT ["/usr/local/bin/ecs-deploy"]
