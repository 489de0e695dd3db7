namespace Archive.Migrations; internal static class Placeholder {}
