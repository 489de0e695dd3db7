# The API and fetch worker. Build: docker build -t archive . ; run with docker-compose.yml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Archive.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The log signing key's folder, a volume every process of docker-compose.yml shares: owned by the user the service runs as.
RUN mkdir -p /app/.data/log && chown app /app/.data/log
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Archive.Api.dll"]
