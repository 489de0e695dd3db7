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
# The GC's gen0 budget: 32 MiB instead of the few MiB the runtime chose on the 2-core machine we size for. An upload
# allocates ~6.5 MiB and eight run at once, so with the default every upload met about one gen0 collection, which marked
# and copied the pages in flight into gen1 and gen2; the older generations then filled with dead pages and were collected
# in turn. With 32 MiB: ~18x fewer ephemeral collections, less service CPU per upload and a smaller resident set
# (docs/performance.md, svc17). Only settable from the environment (the runtime's GC config GCgen0size has no public,
# runtimeconfig name); bench/service.sh reads it from here, and src/Archive.Api/Properties/launchSettings.json gives it to
# `dotnet run` (RuntimeSettingsTests keeps the two equal). Hexadecimal, as the runtime reads DOTNET_GC* values.
ENV DOTNET_GCgen0size=0x2000000
# glibc's malloc arenas: two instead of up to eight per core. Native code under the upload path (ICU, Brotli, the runtime)
# allocates on whichever thread runs a request, and the threads that did kept their arenas' freed memory: after 2,300
# real-page uploads the resident set was 403 MiB with the default and 370 MiB with two arenas (anonymous memory 259 ->
# 226 MiB, with the GC heap 19 MiB larger in the second run), for the same CPU per upload (docs/performance.md, gc22). NativeHeapTrimmer still gives
# back what the two arenas hold free after full collections. bench/service.sh and launchSettings.json take it from here.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Archive.Api.dll"]
