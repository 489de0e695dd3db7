namespace Archive.Data; internal static class Placeholder {}
