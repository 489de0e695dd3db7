using Archive.Engine.Extraction.Scoring;

namespace Archive.Train;

/// <summary>A binary cache of analysed pages, so training runs can be repeated without re-parsing every page.</summary>
internal static class Cache
{
    public static void Write(string path, List<TrainingPage> pages)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(pages.Count);
        foreach (var page in pages)
        {
            foreach (var value in (string?[])[page.Set, page.Id, page.Type, page.Site, page.Truth, page.ClassicText, page.FallbackText, page.ProductDescription])
            {
                writer.Write(value ?? string.Empty);
            }
            writer.Write(page.Texts.Length);
            writer.Write(page.Texts.Length == 0 ? 0 : page.Features[0].Length);
            for (var i = 0; i < page.Texts.Length; i++)
            {
                writer.Write(page.Texts[i]);
                writer.Write(page.Labels[i]);
                writer.Write((byte)page.Roles[i]);
                foreach (var value in page.Features[i])
                {
                    writer.Write(value);
                }
            }
        }
    }

    public static List<TrainingPage> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var pages = new List<TrainingPage>(reader.ReadInt32());
        for (var p = pages.Capacity; p > 0; p--)
        {
            var (set, id, type, site, truth, classic, fallback, description) = (reader.ReadString(), reader.ReadString(),
                reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
            var count = reader.ReadInt32();
            var width = reader.ReadInt32();
            var texts = new string[count];
            var labels = new bool[count];
            var roles = new BlockRole[count];
            var features = new float[count][];
            for (var i = 0; i < count; i++)
            {
                texts[i] = reader.ReadString();
                labels[i] = reader.ReadBoolean();
                roles[i] = (BlockRole)reader.ReadByte();
                features[i] = new float[width];
                for (var f = 0; f < width; f++)
                {
                    features[i][f] = reader.ReadSingle();
                }
            }
            pages.Add(new TrainingPage(set, id, type, site, truth, texts, features, labels, classic, roles, fallback, description));
        }
        return pages;
    }
}
