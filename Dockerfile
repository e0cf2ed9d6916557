# Hindsight service image: build with the pinned toolchain, run on Node 24 LTS.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# patch-package applies them after the install (postinstall): a fix kafkajs's last release lacks.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HINDSIGHT_STORE=sqlite:/var/lib/hindsight/hindsight.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/samples ./samples
COPY --from=build /app/proto ./proto
# Inside a container the servers must listen beyond loopback; publishing ports is the deployment's choice.
ENV HINDSIGHT_HOST=0.0.0.0
EXPOSE 3000 50051
RUN mkdir -p /var/lib/hindsight && chown node:node /var/lib/hindsight
USER node
VOLUME ["/var/lib/hindsight"]
ENTRYPOINT ["bin/hindsight"]
CMD ["--help"]
